"""Add articles page: upload files or paste text, preview the statements, then add them to the store."""

from components import page, upload

ctx = page.begin("add", "Add articles")
upload.render()
