#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuhang_cac.settings")
    # Commands typed at a developer's shell run on the embedded defaults; production images
    # and services set YUHANG_ENV=production (the web and Celery entry points default to it).
    os.environ.setdefault("YUHANG_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
