"""Live class: the lecturer's projector view (the join code, its QR code, who is here, the
votes), a student's participant view (the lecturer's step on a phone, the question, big
answer buttons), or the form to join a class. Everything is in ui.live_class."""
from ui import live_class
from ui.entry import through_app

through_app()       # a deep link to this page on a fresh server: through app.py

live_class.page()
