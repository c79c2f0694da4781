"""The pages' helpers: what a page shows and how it asks the core for it (tables, maps, the
working plan, background planning), kept out of the page files so pages stay wiring. The
framework the pages stand on (sign-in, session context, jobs, the upload guard) is in `app/`."""
