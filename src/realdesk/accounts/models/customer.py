from django.db import models

from realdesk.accounts.choices import CustomerTier, IdentityKind


class Organization(models.Model):
    """A company whose people write to us; tickets can be seen together per organisation."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    """One person, whatever channel they write from; identities tie channels to them."""

    name = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    language = models.CharField(max_length=16, blank=True)
    # Chosen by the customer in the support center: what they write in never overrides it.
    language_chosen = models.BooleanField(default=False)
    timezone = models.CharField(
        max_length=64, blank=True, help_text="IANA zone the customer reads times in."
    )
    tier = models.CharField(
        max_length=16, choices=CustomerTier.choices, default=CustomerTier.STANDARD
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        if self.name:
            return self.name
        first = self.identities.first()
        return first.value if first else f"Customer {self.pk}"


class CustomerIdentity(models.Model):
    """An address a customer reaches us from, stored normalised so it is found again.

    `verified_at` is when the address became the customer's own key to the support
    center: at first contact, when the address is what made the customer (their email
    arriving, their web request), or when the customer, signed in, confirmed an address
    someone on our side added. An address staff added is unverified until then: it never
    signs anybody in to the customer's history on the say-so of whoever typed it.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(max_length=16, choices=IdentityKind.choices)
    value = models.CharField(max_length=320)
    created_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="identity_unique_per_kind")
        ]
        verbose_name_plural = "customer identities"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"
