"""The Permissions-Policy header: the browser features the portal never uses are turned off on every page.

Django has no setting for this header, so a middleware adds it. Turning a feature off means that a script
smuggled into a page, or a page framing one of ours, cannot ask for the camera or the resident's location.
"""

DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header to every response that has not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
