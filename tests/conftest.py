"""Shared test setup."""
from streamlit import config

# The app hides error details from students (.streamlit/config.toml); tests want them.
config.set_option("client.showErrorDetails", "full")
