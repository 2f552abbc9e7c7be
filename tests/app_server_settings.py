"""Settings for app servers that tests start as separate processes: the production settings, with static
files from the finders (the tests never run collectstatic) and plain HTTP on 127.0.0.1."""

from civicportal.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The suite's users are made with its fast hasher; the servers must read those passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
