from realdesk.portal_access.models.access import OrganizationAccess, SignInToken
from realdesk.portal_access.models.contact import ContactBlock

__all__ = ["ContactBlock", "OrganizationAccess", "SignInToken"]
