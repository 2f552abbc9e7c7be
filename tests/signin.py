"""Signing a test client in as a user, the one way every test does it."""


def sign_in(client, user) -> None:
    """Sign the client in as the user, as the sign-in pages would leave it."""
    client.force_login(user)
