"""The registry's pages (``/accounts/``): list, detail with tabs, forms, import and export.

Views translate: permission, form, one service call, message, redirect.
"""
