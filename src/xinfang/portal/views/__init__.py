"""Portal views: public pages without login (``public``, ``matter``) and the staff suggestion pages."""
