import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sellers import services
from sellers.models import Invitation, Membership, Role

from ..factories import InvitationFactory, UserFactory


def test_creating_a_seller_makes_its_creator_the_owner(db):
    user = UserFactory()

    seller = services.seller_create(user=user, name="  Nimbus Home ")

    assert seller.name == "Nimbus Home"
    assert Membership.objects.get(seller=seller, user=user).role == Role.OWNER


def test_an_owner_invites_by_email_and_the_invitee_gets_a_link(
    client, tenant_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("team"), {"email": "New.Hire@Example.com", "role": "manager"})

    assert response.status_code == 302
    invitation = Invitation.objects.get(seller=tenant_a.seller)
    assert (invitation.email, invitation.role) == ("new.hire@example.com", "manager")
    assert len(mailoutbox) == 1
    assert reverse("invitation_accept", args=[invitation.token]) in mailoutbox[0].body


def test_a_manager_cannot_invite(client, tenant_a):
    client.force_login(tenant_a.manager)

    response = client.post(reverse("team"), {"email": "x@example.com", "role": "owner"})

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_shows_the_error_in_place(client, tenant_a):
    client.force_login(tenant_a.owner)

    response = client.post(reverse("team"), {"email": tenant_a.viewer.email, "role": "viewer"})

    assert response.status_code == 200
    assert "already a member" in response.content.decode()


def test_the_invitee_accepts_and_joins_with_the_invited_role(client, tenant_a):
    invitation = InvitationFactory(seller=tenant_a.seller, email="joiner@example.com", role=Role.MANAGER)
    joiner = UserFactory(email="joiner@example.com")
    client.force_login(joiner)

    response = client.post(reverse("invitation_accept", args=[invitation.token]))

    assert response.status_code == 302
    assert Membership.objects.get(seller=tenant_a.seller, user=joiner).role == Role.MANAGER
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_someone_else_cannot_use_the_invitation_link(client, tenant_a, outsider):
    invitation = InvitationFactory(seller=tenant_a.seller, email="joiner@example.com")
    client.force_login(outsider)

    client.post(reverse("invitation_accept", args=[invitation.token]))

    assert not Membership.objects.filter(user=outsider).exists()


def test_a_revoked_invitation_cannot_be_accepted(db, tenant_a):
    invitation = InvitationFactory(seller=tenant_a.seller, email="joiner@example.com", status="revoked")

    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=UserFactory(email="joiner@example.com"))


def test_an_unknown_invitation_token_is_404(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("invitation_accept", args=["not-a-token"])).status_code == 404


def test_the_last_owner_cannot_be_removed(db, tenant_a):
    owner_membership = Membership.objects.get(seller=tenant_a.seller, user=tenant_a.owner)

    with pytest.raises(ValidationError):
        services.membership_remove(membership=owner_membership)


def test_the_last_owner_cannot_step_down(db, tenant_a):
    owner_membership = Membership.objects.get(seller=tenant_a.seller, user=tenant_a.owner)

    with pytest.raises(ValidationError):
        services.membership_change_role(membership=owner_membership, role=Role.VIEWER)


def test_an_owner_changes_a_members_role(client, tenant_a):
    membership = Membership.objects.get(seller=tenant_a.seller, user=tenant_a.viewer)
    client.force_login(tenant_a.owner)

    client.post(reverse("membership_role", args=[membership.pk]), {"role": "manager"})

    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_a_user_in_two_sellers_switches_between_them(client, tenant_a, tenant_b):
    Membership.objects.create(seller=tenant_b.seller, user=tenant_a.owner, role=Role.VIEWER)
    client.force_login(tenant_a.owner)

    client.post(reverse("seller_switch"), {"seller_id": str(tenant_b.seller.pk)})
    page = client.get(reverse("dashboard")).content.decode()

    assert "Bolt Supply" in page and "Viewer" in page


def test_switching_to_a_seller_one_is_not_a_member_of_is_refused(client, tenant_a, tenant_b):
    client.force_login(tenant_a.owner)

    client.post(reverse("seller_switch"), {"seller_id": str(tenant_b.seller.pk)}, follow=True)
    page = client.get(reverse("dashboard")).content.decode()

    assert "Acme Goods" in page and "Bolt Supply" not in page


def test_a_user_without_a_seller_is_sent_to_create_one(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302 and response.url == reverse("seller_create")


def test_the_dashboard_shows_the_sellers_name_and_the_members_role(client, tenant_a):
    client.force_login(tenant_a.manager)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Acme Goods" in page and "Manager" in page
    assert "Connect your Amazon account" in page


def test_the_last_owner_cannot_step_down_through_the_team_page(client, tenant_a):
    owner_membership = Membership.objects.get(seller=tenant_a.seller, user=tenant_a.owner)
    client.force_login(tenant_a.owner)

    response = client.post(reverse("membership_role", args=[owner_membership.pk]), {"role": "viewer"}, follow=True)

    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.OWNER
    assert "at least one owner" in response.content.decode()


def test_a_mangled_seller_id_is_refused_not_an_error(client, tenant_a):
    client.force_login(tenant_a.owner)

    response = client.post(reverse("seller_switch"), {"seller_id": "not-a-uuid"}, follow=True)

    assert response.status_code == 200 and "not a member" in response.content.decode()
