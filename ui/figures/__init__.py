"""Figure builders: plain functions from arrays to Plotly figures (no Streamlit), one module
per page or group of pages, sharing one theme."""
