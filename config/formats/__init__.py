"""Project formats (settings.FORMAT_MODULE_PATH), over Django's for the site's language."""
