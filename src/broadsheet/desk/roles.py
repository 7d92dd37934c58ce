"""The desk roles. Each is a Django group created by a migration with exactly the
permissions it needs (see desk/migrations/0001_roles.py):

- Author: writes and edits own drafts, submits them for review.
- Editor: edits any article, publishes, schedules, withdraws, writes corrections.
- Moderator: the discussion only (its permissions come with the discussion app).
- Editor-in-chief: the person who runs a small outlet; every right of Editor and of
  Moderator, and nothing more (not a Django superuser). A migration that adds a
  permission to Editor or Moderator adds it to Editor-in-chief as well
  (tests/desk/test_roles.py holds the chief to the union of the two).
"""

AUTHOR = "Author"
EDITOR = "Editor"
MODERATOR = "Moderator"
EDITOR_IN_CHIEF = "Editor-in-chief"
ROLES = (AUTHOR, EDITOR, MODERATOR, EDITOR_IN_CHIEF)
