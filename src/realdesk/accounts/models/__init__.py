from realdesk.accounts.models.customer import Customer, CustomerIdentity, Organization
from realdesk.accounts.models.unlock import LoginUnlock
from realdesk.accounts.models.user import Team, User

__all__ = ["Customer", "CustomerIdentity", "LoginUnlock", "Organization", "Team", "User"]
