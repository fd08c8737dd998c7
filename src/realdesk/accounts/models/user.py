from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf

from realdesk.accounts.choices import Role


class UserManager(BaseUserManager):
    """Keeps `createsuperuser` working: a superuser is an agent with the admin role."""

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str) -> "User":
        """Sign-in ignores the case of the address, as people type it either way."""
        return self.get(email__iexact=username.strip())

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        return self.create_user(email, password, role=Role.ADMIN, **fields)


class User(AbstractBaseUser):
    """An agent: someone who works tickets. Customers are not users (see Customer).

    Access is decided by one role rather than Django's per-model permissions, so what
    a person may do is visible at a glance and checked in one place.
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    #: The language RealDesk speaks to this person in: the console and the weekly digest.
    #: Blank: the browser's in the console, the installation's LANGUAGE_CODE in mail.
    language = models.CharField(max_length=16, blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """How colleagues and customers see the agent: the full name, else the address."""
        return self.full_name or self.email

    @staticmethod
    def name_expression(path: str) -> Coalesce:
        """`name` of the agent at `path` ("" for the agent itself) as SQL, for plain rows."""
        prefix = f"{path}__" if path else ""
        return Coalesce(
            NullIf(f"{prefix}full_name", Value("")),
            f"{prefix}email",
            output_field=models.CharField(),
        )

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    @property
    def is_staff(self) -> bool:
        """Django admin is for admins only."""
        return self.is_active and self.role == Role.ADMIN

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm: str, obj=None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff

    @property
    def can_edit_tickets(self) -> bool:
        return self.is_active and self.role != Role.READ_ONLY

    @property
    def sees_all_teams(self) -> bool:
        return self.role in {Role.ADMIN, Role.LEAD}


class Team(models.Model):
    """A group of agents that owns a queue of tickets."""

    name = models.CharField(max_length=100, unique=True)
    members = models.ManyToManyField(User, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
