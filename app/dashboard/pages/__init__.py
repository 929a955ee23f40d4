"""One module per dashboard page; Streamlit runs each as a script (``render()`` under ``__main__``)."""
