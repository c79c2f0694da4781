from app import context

current = context.require("admin", "planner", "employer")
