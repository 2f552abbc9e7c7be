"""Settings for a public server: everything from the environment, secure by default behind a TLS proxy."""

from .base import *  # noqa: F403

DEBUG = False

# A public server sends real e-mail: through the local mail server unless EMAIL_URL names another.
MAILERS = mailers_from_env("smtp://localhost:25")  # noqa: F405

# The proxy in front terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)  # noqa: F405
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Browsers fetch every subresource over HTTPS, where the site is served over HTTPS (a plain-HTTP stack
# on this machine, deploy/serve, turns the redirect off and so this too).
if SECURE_SSL_REDIRECT:
    SECURE_CSP = {**SECURE_CSP, "upgrade-insecure-requests": True}  # noqa: F405 (a copy: base's stays as it is)
