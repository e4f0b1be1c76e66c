"""Shared personas: two sellers, each with an owner, a manager and a viewer, and an outsider."""

from dataclasses import dataclass

from sellers.models import Role

from .factories import MembershipFactory, SellerFactory, UserFactory


@dataclass
class Tenant:
    seller: object
    owner: object
    manager: object
    viewer: object


def make_tenant(name: str) -> Tenant:
    seller = SellerFactory(name=name)
    users = {}
    for role in (Role.OWNER, Role.MANAGER, Role.VIEWER):
        user = UserFactory(email=f"{role}@{name.lower().replace(' ', '-')}.example.com")
        MembershipFactory(seller=seller, user=user, role=role)
        users[role.value] = user
    return Tenant(seller=seller, **users)
