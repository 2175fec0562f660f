"""Demo data for `make demo`: a few colleagues and their first posts, loaded once."""

from __future__ import annotations

import uuid

from kantine.grpcutil import channel
from kantine.v1 import events_pb2, feed_pb2, feed_pb2_grpc

# Fixed ids (UUIDv5 of a name) make loading idempotent: a second run creates nothing new.
_NS = uuid.UUID("6f1c1d1e-8a51-4c8e-9d6e-4b616e74696e")

PEOPLE = {
    "anna": ("Anna Holm", "Chief People Officer", "People", "Copenhagen", "da", True),
    "lars": ("Lars Mikkelsen", "Support Engineer", "Support", "Aarhus", "da", False),
    "ingrid": ("Ingrid Berg", "Office Manager", "Operations", "Oslo", "nb", False),
    "sven": ("Sven Lindqvist", "Developer", "Engineering", "Stockholm", "sv", False),
    "femke": ("Femke de Vries", "Product Manager", "Product", "Utrecht", "nl", False),
}
COUNTRIES = {"Copenhagen": "DK", "Aarhus": "DK", "Oslo": "NO", "Stockholm": "SE", "Utrecht": "NL"}

POSTS = [
    (
        "anna",
        events_pb2.POST_KIND_ANNOUNCEMENT,
        "Welcome to Kantine! Introduce yourself in #hello and ask anything in #help.",
    ),
    ("lars", events_pb2.POST_KIND_DISCUSSION, "Hej alle sammen! Første dag i Aarhus-kontoret. #hello"),
    ("ingrid", events_pb2.POST_KIND_QUESTION, "Hvem vet hvordan man bestiller møterom i Oslo? #help"),
    ("sven", events_pb2.POST_KIND_DISCUSSION, "Fika klockan tre i köket på plan 4. #fika"),
    ("femke", events_pb2.POST_KIND_PRAISE, "Grote dank aan het supportteam voor de snelle hulp vannacht! #kudos"),
    ("anna", events_pb2.POST_KIND_DISCUSSION, "Our onboarding checklist is now in #onboarding: comments welcome."),
]


def demo_id(*parts: str) -> str:
    return str(uuid.uuid5(_NS, "/".join(parts)))


async def load_demo_data(feed_address: str) -> str:
    async with channel(feed_address) as ch:
        stub = feed_pb2_grpc.FeedServiceStub(ch)
        for key, (name, title, department, location, locale, leader) in PEOPLE.items():
            await stub.ProvisionUser(  # as the directory does: provisioning the same person again changes nothing
                feed_pb2.ProvisionUserRequest(
                    user_id=demo_id("user", key),
                    external_id=f"demo:{key}",
                    profile=feed_pb2.Profile(
                        display_name=name, email=f"{key}@example.com", title=title, department=department,
                        location=location, country=COUNTRIES[location], locale=locale, leader=leader,
                    ),
                )
            )  # fmt: skip
        for i, (person, kind, body) in enumerate(POSTS):
            praised = [demo_id("user", "lars")] if kind == events_pb2.POST_KIND_PRAISE else []
            await stub.CreatePost(
                feed_pb2.CreatePostRequest(
                    post_id=demo_id("post", str(i)), author_id=demo_id("user", person), kind=kind, body=body,
                    praised_user_ids=praised,
                )
            )  # fmt: skip
    return f"demo data: {len(POSTS)} posts by {len({p for p, _, _ in POSTS})} people"
