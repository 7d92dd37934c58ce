"""The desk roles. Each is a Django group created by a migration with exactly the
permissions it needs (see desk/migrations/0001_roles.py):

- Author: writes and edits own drafts, submits them for review.
- Editor: edits any article, publishes, schedules, withdraws, writes corrections.
- Moderator: the discussion only (its permissions come with the discussion app).
"""

AUTHOR = "Author"
EDITOR = "Editor"
MODERATOR = "Moderator"
ROLES = (AUTHOR, EDITOR, MODERATOR)
