from realdesk.accounts.models.customer import Customer, CustomerIdentity, Organization
from realdesk.accounts.models.user import Team, User

__all__ = ["Customer", "CustomerIdentity", "Organization", "Team", "User"]
