"""Reads need the view's read role and writes its write role, as in the dashboard (SellerView):
the key's role is its scope's, never above what its creator holds now."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from sellers.models import Role

from .services import KeyAccess


class KeyRolePermission(BasePermission):
    def has_permission(self, request, view):
        access = request.auth
        if not isinstance(access, KeyAccess):
            return False  # no key: DRF answers 401 with the authenticator's challenge
        write = request.method not in SAFE_METHODS
        needed = getattr(view, "write_role" if write else "read_role", Role.MANAGER if write else Role.VIEWER)
        if access.has_role(needed):
            return True
        if write and access.key.scope == access.key.Scope.READ:
            self.message = "This API key can only read. An owner can create a key that can read and write."
        else:
            self.message = (
                f"This API key acts with its creator's role, which is {Role(access.role).label.lower()} now: "
                "that role cannot do this."
            )
        return False
