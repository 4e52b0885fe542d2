"""The staff web view: find, read and work cases in a browser (an adapter, like bot/)."""
