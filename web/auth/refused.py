"""The one error sign-in shows a person: kept apart from web/auth/oidc.py, so pages that catch
it do not import Authlib when no provider is configured."""


class SignInRefused(Exception):
    """Why a sign-in failed, in words for the person signing in (no token, no secret)."""
