"""Qt widgets.  Each module holds one widget; the domain lives in ``desktop`` itself."""
