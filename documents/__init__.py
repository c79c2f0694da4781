"""What is printed or sent: bus manifests (PDF, XLSX, CSV; seats and the QR check-in), notices to
workers (SMS CSV), cost and subsidy statements, pickup staffing.

Every document reads a plan (`routing.planfile`) and the roster it was made from; the plan carries
only row numbers, so names and phones come from the roster and go only into the document asked for.
"""
