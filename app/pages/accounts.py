from app import auth, context

context.require("admin")
auth.accounts_page()
