from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Standard claims from the user, plus each test user's own (organization,
    department, ...) from the configuration, whatever scopes were granted."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        claims = {
            "preferred_username": user.username,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "email_verified": True,
        }
        claims.update(settings.CONFIG["users"][user.username].get("claims", {}))
        return claims
