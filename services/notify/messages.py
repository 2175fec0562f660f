"""What notify says, in the reader's language: notification sentences, "because …" lines, category
labels, and the two e-mails (one notification, one digest).

Nothing here is stored. A notification keeps its kind, its actors' ids, its group and its reason, and
the words are made when someone reads it (or when its e-mail goes out), so a person who changes their
display name or a group that is renamed reads right everywhere, and each reader gets their own locale.
That is also why this module is pure: names, links and the locale come in, text comes out.

Every text of one language lives in one table (`EN`, `DA`, `NB`, `SV`, `NL`) so a translator finds
them together and a test keeps the tables' keys (and their {placeholders}) identical. Sentences with
actors come in two forms, `.one` for one person and `.many` for more ("Anna heeft …" / "Anna en 4
anderen hebben …"): Dutch needs it, and so will most languages we add later.

User input (names, group names, snippets) is escaped in the HTML part by jinja2's autoescape and kept
readable in the text part.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import jinja2

from services.notify.domain.model import Category, Digest, Kind, Reason

LOCALES: Final = ("en", "da", "nb", "sv", "nl")
DIGEST_MAX_ITEMS: Final = 10
SNIPPET_CHARS: Final = 280  # a quoted post in an e-mail, cut on a word boundary
SUBJECT_CHARS: Final = 150

EN: Final[Mapping[str, str]] = {
    # Who did it: {first} and {second} are display names, {count} how many more people.
    "actors.someone": "Someone",
    "actors.two": "{first} and {second}",
    "actors.one_other": "{first} and 1 other",
    "actors.others": "{first} and {count} others",
    "group.unnamed": "a group",
    # Notifications. {actors} is one of the texts above: `.one` when it is one person, `.many` when more.
    "kind.comment.one": "{actors} commented on your post",
    "kind.comment.many": "{actors} commented on your post",
    "kind.answer.one": "{actors} answered your question",
    "kind.answer.many": "{actors} answered your question",
    "kind.reply.one": "{actors} replied to your comment",
    "kind.reply.many": "{actors} replied to your comment",
    "kind.mention.one": "{actors} mentioned you",
    "kind.mention.many": "{actors} mentioned you",
    "kind.reaction.one": "{actors} reacted to your post",
    "kind.reaction.many": "{actors} reacted to your post",
    "kind.reaction_comment.one": "{actors} reacted to your comment",
    "kind.reaction_comment.many": "{actors} reacted to your comment",
    "kind.praise.one": "{actors} praised you",
    "kind.praise.many": "{actors} praised you",
    "kind.answer_accepted.one": "{actors} accepted your answer",
    "kind.answer_accepted.many": "{actors} accepted your answer",
    "kind.announcement.one": "{actors} posted an announcement in {group}",
    "kind.announcement.many": "{actors} posted an announcement in {group}",
    "kind.announcement_everyone.one": "{actors} posted an announcement for everyone",
    "kind.announcement_everyone.many": "{actors} posted an announcement for everyone",
    "kind.posted.one": "{actors} posted",
    "kind.posted.many": "{actors} posted",
    "kind.posted_in.one": "{actors} posted in {group}",
    "kind.posted_in.many": "{actors} posted in {group}",
    "kind.join_request.one": "{actors} asked to join {group}",
    "kind.join_request.many": "{actors} asked to join {group}",
    "kind.invited.one": "{actors} invited you to join {group}",
    "kind.invited.many": "{actors} invited you to join {group}",
    "kind.new_follower.one": "{actors} started following you",
    "kind.new_follower.many": "{actors} started following you",
    "kind.join_approved": "You are now a member of {group}",
    "kind.badge": "You earned the badge {detail}",
    "kind.badge.unnamed": "You earned a badge",
    "kind.level": "You reached {detail}",
    "kind.level.unnamed": "You reached a new level",
    # Why you got it. {subject} is a display name, a group name or a tag (the # is in the text).
    "reason.your_post": "because it is your post",
    "reason.your_comment": "because it is your comment",
    "reason.mentioned": "because you were mentioned",
    "reason.praised": "because you were praised",
    "reason.follow_person": "because you follow {subject}",
    "reason.follow_tag": "because you follow #{subject}",
    "reason.member": "because you are a member of {subject}",
    "reason.everyone": "because it is for everyone",
    "reason.group_admin": "because you are an admin of {subject}",
    "reason.your_request": "because you asked to join",
    "reason.invitation": "because you were invited",
    "reason.you": "because it is about you",
    # What people switch on and off.
    "category.replies": "Answers to you",
    "category.mentions": "Mentions",
    "category.reactions": "Reactions",
    "category.recognition": "Recognition",
    "category.announcements": "Announcements",
    "category.group_posts": "Posts in your groups",
    "category.follows": "People and tags you follow",
    "category.groups": "Group requests and invitations",
    # The e-mail for one notification. {reason} is a reason.* text.
    "email.open": "Open in {product}",
    "email.reason": "You are getting this e-mail {reason}.",
    "email.why": "You get these e-mails for “{category}”.",
    "email.unsubscribe": "Unsubscribe from them with one click",
    "email.settings": "Notification settings",
    # The digest.
    "digest.subject": "{title}: {posts}",
    "digest.title.daily": "Your daily digest",
    "digest.title.weekly": "Your weekly digest",
    "digest.posts.one": "1 popular post in your groups",
    "digest.posts.many": "{count} popular posts in your groups",
    "digest.greeting": "Hi {name},",
    "digest.greeting.unnamed": "Hi,",
    "digest.intro.daily": "These posts in your groups got the most attention in the last day:",
    "digest.intro.weekly": "These posts in your groups got the most attention in the last week:",
    "digest.by": "{author} in {group}",
    "digest.reactions.one": "1 reaction",
    "digest.reactions.many": "{count} reactions",
    "digest.comments.one": "1 comment",
    "digest.comments.many": "{count} comments",
    "digest.read": "Read the post",
    "digest.why.daily": "You get this digest once a day.",
    "digest.why.weekly": "You get this digest once a week.",
    "digest.unsubscribe": "Unsubscribe from the digest with one click",
}

DA: Final[Mapping[str, str]] = {
    "actors.someone": "Nogen",
    "actors.two": "{first} og {second}",
    "actors.one_other": "{first} og 1 anden",
    "actors.others": "{first} og {count} andre",
    "group.unnamed": "en gruppe",
    "kind.comment.one": "{actors} kommenterede dit opslag",
    "kind.comment.many": "{actors} kommenterede dit opslag",
    "kind.answer.one": "{actors} besvarede dit spørgsmål",
    "kind.answer.many": "{actors} besvarede dit spørgsmål",
    "kind.reply.one": "{actors} svarede på din kommentar",
    "kind.reply.many": "{actors} svarede på din kommentar",
    "kind.mention.one": "{actors} nævnte dig",
    "kind.mention.many": "{actors} nævnte dig",
    "kind.reaction.one": "{actors} reagerede på dit opslag",
    "kind.reaction.many": "{actors} reagerede på dit opslag",
    "kind.reaction_comment.one": "{actors} reagerede på din kommentar",
    "kind.reaction_comment.many": "{actors} reagerede på din kommentar",
    "kind.praise.one": "{actors} roste dig",
    "kind.praise.many": "{actors} roste dig",
    "kind.answer_accepted.one": "{actors} accepterede dit svar",
    "kind.answer_accepted.many": "{actors} accepterede dit svar",
    "kind.announcement.one": "{actors} delte en meddelelse i {group}",
    "kind.announcement.many": "{actors} delte en meddelelse i {group}",
    "kind.announcement_everyone.one": "{actors} delte en meddelelse med alle",
    "kind.announcement_everyone.many": "{actors} delte en meddelelse med alle",
    "kind.posted.one": "{actors} skrev et opslag",
    "kind.posted.many": "{actors} skrev et opslag",
    "kind.posted_in.one": "{actors} skrev et opslag i {group}",
    "kind.posted_in.many": "{actors} skrev et opslag i {group}",
    "kind.join_request.one": "{actors} bad om at blive medlem af {group}",
    "kind.join_request.many": "{actors} bad om at blive medlem af {group}",
    "kind.invited.one": "{actors} inviterede dig til at blive medlem af {group}",
    "kind.invited.many": "{actors} inviterede dig til at blive medlem af {group}",
    "kind.new_follower.one": "{actors} begyndte at følge dig",
    "kind.new_follower.many": "{actors} begyndte at følge dig",
    "kind.join_approved": "Du er nu medlem af {group}",
    "kind.badge": "Du har fået badget {detail}",
    "kind.badge.unnamed": "Du har fået et badge",
    "kind.level": "Du har nået {detail}",
    "kind.level.unnamed": "Du har nået et nyt niveau",
    "reason.your_post": "fordi det er dit opslag",
    "reason.your_comment": "fordi det er din kommentar",
    "reason.mentioned": "fordi du blev nævnt",
    "reason.praised": "fordi du blev rost",
    "reason.follow_person": "fordi du følger {subject}",
    "reason.follow_tag": "fordi du følger #{subject}",
    "reason.member": "fordi du er medlem af {subject}",
    "reason.everyone": "fordi det er til alle",
    "reason.group_admin": "fordi du er administrator af {subject}",
    "reason.your_request": "fordi du bad om at blive medlem",
    "reason.invitation": "fordi du blev inviteret",
    "reason.you": "fordi det handler om dig",
    "category.replies": "Svar til dig",
    "category.mentions": "Omtaler",
    "category.reactions": "Reaktioner",
    "category.recognition": "Anerkendelse",
    "category.announcements": "Meddelelser",
    "category.group_posts": "Opslag i dine grupper",
    "category.follows": "Personer og tags, du følger",
    "category.groups": "Gruppeanmodninger og invitationer",
    "email.open": "Åbn i {product}",
    "email.reason": "Du får denne e-mail, {reason}.",
    "email.why": "Du får disse e-mails om »{category}«.",
    "email.unsubscribe": "Afmeld dem med ét klik",
    "email.settings": "Indstillinger for notifikationer",
    "digest.subject": "{title}: {posts}",
    "digest.title.daily": "Dit daglige overblik",
    "digest.title.weekly": "Dit ugentlige overblik",
    "digest.posts.one": "1 populært opslag i dine grupper",
    "digest.posts.many": "{count} populære opslag i dine grupper",
    "digest.greeting": "Hej {name},",
    "digest.greeting.unnamed": "Hej,",
    "digest.intro.daily": "Disse opslag i dine grupper fik mest opmærksomhed det seneste døgn:",
    "digest.intro.weekly": "Disse opslag i dine grupper fik mest opmærksomhed den seneste uge:",
    "digest.by": "{author} i {group}",
    "digest.reactions.one": "1 reaktion",
    "digest.reactions.many": "{count} reaktioner",
    "digest.comments.one": "1 kommentar",
    "digest.comments.many": "{count} kommentarer",
    "digest.read": "Læs opslaget",
    "digest.why.daily": "Du får dette overblik én gang om dagen.",
    "digest.why.weekly": "Du får dette overblik én gang om ugen.",
    "digest.unsubscribe": "Afmeld overblikket med ét klik",
}

NB: Final[Mapping[str, str]] = {
    "actors.someone": "Noen",
    "actors.two": "{first} og {second}",
    "actors.one_other": "{first} og 1 annen",
    "actors.others": "{first} og {count} andre",
    "group.unnamed": "en gruppe",
    "kind.comment.one": "{actors} kommenterte innlegget ditt",
    "kind.comment.many": "{actors} kommenterte innlegget ditt",
    "kind.answer.one": "{actors} svarte på spørsmålet ditt",
    "kind.answer.many": "{actors} svarte på spørsmålet ditt",
    "kind.reply.one": "{actors} svarte på kommentaren din",
    "kind.reply.many": "{actors} svarte på kommentaren din",
    "kind.mention.one": "{actors} nevnte deg",
    "kind.mention.many": "{actors} nevnte deg",
    "kind.reaction.one": "{actors} reagerte på innlegget ditt",
    "kind.reaction.many": "{actors} reagerte på innlegget ditt",
    "kind.reaction_comment.one": "{actors} reagerte på kommentaren din",
    "kind.reaction_comment.many": "{actors} reagerte på kommentaren din",
    "kind.praise.one": "{actors} ga deg ros",
    "kind.praise.many": "{actors} ga deg ros",
    "kind.answer_accepted.one": "{actors} godtok svaret ditt",
    "kind.answer_accepted.many": "{actors} godtok svaret ditt",
    "kind.announcement.one": "{actors} publiserte en kunngjøring i {group}",
    "kind.announcement.many": "{actors} publiserte en kunngjøring i {group}",
    "kind.announcement_everyone.one": "{actors} publiserte en kunngjøring for alle",
    "kind.announcement_everyone.many": "{actors} publiserte en kunngjøring for alle",
    "kind.posted.one": "{actors} publiserte et innlegg",
    "kind.posted.many": "{actors} publiserte et innlegg",
    "kind.posted_in.one": "{actors} publiserte et innlegg i {group}",
    "kind.posted_in.many": "{actors} publiserte et innlegg i {group}",
    "kind.join_request.one": "{actors} ba om å bli med i {group}",
    "kind.join_request.many": "{actors} ba om å bli med i {group}",
    "kind.invited.one": "{actors} inviterte deg til å bli med i {group}",
    "kind.invited.many": "{actors} inviterte deg til å bli med i {group}",
    "kind.new_follower.one": "{actors} begynte å følge deg",
    "kind.new_follower.many": "{actors} begynte å følge deg",
    "kind.join_approved": "Du er nå medlem av {group}",
    "kind.badge": "Du har fått merket {detail}",
    "kind.badge.unnamed": "Du har fått et merke",
    "kind.level": "Du har nådd {detail}",
    "kind.level.unnamed": "Du har nådd et nytt nivå",
    "reason.your_post": "fordi det er innlegget ditt",
    "reason.your_comment": "fordi det er kommentaren din",
    "reason.mentioned": "fordi du ble nevnt",
    "reason.praised": "fordi du fikk ros",
    "reason.follow_person": "fordi du følger {subject}",
    "reason.follow_tag": "fordi du følger #{subject}",
    "reason.member": "fordi du er medlem av {subject}",
    "reason.everyone": "fordi det er til alle",
    "reason.group_admin": "fordi du er administrator for {subject}",
    "reason.your_request": "fordi du ba om å bli med",
    "reason.invitation": "fordi du ble invitert",
    "reason.you": "fordi det handler om deg",
    "category.replies": "Svar til deg",
    "category.mentions": "Omtaler",
    "category.reactions": "Reaksjoner",
    "category.recognition": "Anerkjennelse",
    "category.announcements": "Kunngjøringer",
    "category.group_posts": "Innlegg i gruppene dine",
    "category.follows": "Personer og emneknagger du følger",
    "category.groups": "Gruppeforespørsler og invitasjoner",
    "email.open": "Åpne i {product}",
    "email.reason": "Du får denne e-posten {reason}.",
    "email.why": "Du får disse e-postene om «{category}».",
    "email.unsubscribe": "Meld deg av dem med ett klikk",
    "email.settings": "Varslingsinnstillinger",
    "digest.subject": "{title}: {posts}",
    "digest.title.daily": "Din daglige oppsummering",
    "digest.title.weekly": "Din ukentlige oppsummering",
    "digest.posts.one": "1 populært innlegg i gruppene dine",
    "digest.posts.many": "{count} populære innlegg i gruppene dine",
    "digest.greeting": "Hei {name},",
    "digest.greeting.unnamed": "Hei,",
    "digest.intro.daily": "Disse innleggene i gruppene dine fikk mest oppmerksomhet det siste døgnet:",
    "digest.intro.weekly": "Disse innleggene i gruppene dine fikk mest oppmerksomhet den siste uken:",
    "digest.by": "{author} i {group}",
    "digest.reactions.one": "1 reaksjon",
    "digest.reactions.many": "{count} reaksjoner",
    "digest.comments.one": "1 kommentar",
    "digest.comments.many": "{count} kommentarer",
    "digest.read": "Les innlegget",
    "digest.why.daily": "Du får denne oppsummeringen én gang om dagen.",
    "digest.why.weekly": "Du får denne oppsummeringen én gang i uken.",
    "digest.unsubscribe": "Meld deg av oppsummeringen med ett klikk",
}

SV: Final[Mapping[str, str]] = {
    "actors.someone": "Någon",
    "actors.two": "{first} och {second}",
    "actors.one_other": "{first} och 1 annan",
    "actors.others": "{first} och {count} andra",
    "group.unnamed": "en grupp",
    "kind.comment.one": "{actors} kommenterade ditt inlägg",
    "kind.comment.many": "{actors} kommenterade ditt inlägg",
    "kind.answer.one": "{actors} svarade på din fråga",
    "kind.answer.many": "{actors} svarade på din fråga",
    "kind.reply.one": "{actors} svarade på din kommentar",
    "kind.reply.many": "{actors} svarade på din kommentar",
    "kind.mention.one": "{actors} nämnde dig",
    "kind.mention.many": "{actors} nämnde dig",
    "kind.reaction.one": "{actors} reagerade på ditt inlägg",
    "kind.reaction.many": "{actors} reagerade på ditt inlägg",
    "kind.reaction_comment.one": "{actors} reagerade på din kommentar",
    "kind.reaction_comment.many": "{actors} reagerade på din kommentar",
    "kind.praise.one": "{actors} berömde dig",
    "kind.praise.many": "{actors} berömde dig",
    "kind.answer_accepted.one": "{actors} godkände ditt svar",
    "kind.answer_accepted.many": "{actors} godkände ditt svar",
    "kind.announcement.one": "{actors} publicerade ett meddelande i {group}",
    "kind.announcement.many": "{actors} publicerade ett meddelande i {group}",
    "kind.announcement_everyone.one": "{actors} publicerade ett meddelande till alla",
    "kind.announcement_everyone.many": "{actors} publicerade ett meddelande till alla",
    "kind.posted.one": "{actors} publicerade ett inlägg",
    "kind.posted.many": "{actors} publicerade ett inlägg",
    "kind.posted_in.one": "{actors} publicerade ett inlägg i {group}",
    "kind.posted_in.many": "{actors} publicerade ett inlägg i {group}",
    "kind.join_request.one": "{actors} bad om att få gå med i {group}",
    "kind.join_request.many": "{actors} bad om att få gå med i {group}",
    "kind.invited.one": "{actors} bjöd in dig att gå med i {group}",
    "kind.invited.many": "{actors} bjöd in dig att gå med i {group}",
    "kind.new_follower.one": "{actors} började följa dig",
    "kind.new_follower.many": "{actors} började följa dig",
    "kind.join_approved": "Du är nu medlem i {group}",
    "kind.badge": "Du har fått märket {detail}",
    "kind.badge.unnamed": "Du har fått ett märke",
    "kind.level": "Du har nått {detail}",
    "kind.level.unnamed": "Du har nått en ny nivå",
    "reason.your_post": "eftersom det är ditt inlägg",
    "reason.your_comment": "eftersom det är din kommentar",
    "reason.mentioned": "eftersom du nämndes",
    "reason.praised": "eftersom du fick beröm",
    "reason.follow_person": "eftersom du följer {subject}",
    "reason.follow_tag": "eftersom du följer #{subject}",
    "reason.member": "eftersom du är medlem i {subject}",
    "reason.everyone": "eftersom det är till alla",
    "reason.group_admin": "eftersom du är administratör för {subject}",
    "reason.your_request": "eftersom du bad om att få gå med",
    "reason.invitation": "eftersom du blev inbjuden",
    "reason.you": "eftersom det handlar om dig",
    "category.replies": "Svar till dig",
    "category.mentions": "Omnämnanden",
    "category.reactions": "Reaktioner",
    "category.recognition": "Erkännande",
    "category.announcements": "Meddelanden",
    "category.group_posts": "Inlägg i dina grupper",
    "category.follows": "Personer och taggar du följer",
    "category.groups": "Gruppförfrågningar och inbjudningar",
    "email.open": "Öppna i {product}",
    "email.reason": "Du får det här mejlet {reason}.",
    "email.why": "Du får de här mejlen om ”{category}”.",
    "email.unsubscribe": "Avsluta prenumerationen med ett klick",
    "email.settings": "Aviseringsinställningar",
    "digest.subject": "{title}: {posts}",
    "digest.title.daily": "Din dagliga sammanfattning",
    "digest.title.weekly": "Din veckosammanfattning",
    "digest.posts.one": "1 populärt inlägg i dina grupper",
    "digest.posts.many": "{count} populära inlägg i dina grupper",
    "digest.greeting": "Hej {name},",
    "digest.greeting.unnamed": "Hej,",
    "digest.intro.daily": "De här inläggen i dina grupper fick mest uppmärksamhet det senaste dygnet:",
    "digest.intro.weekly": "De här inläggen i dina grupper fick mest uppmärksamhet den senaste veckan:",
    "digest.by": "{author} i {group}",
    "digest.reactions.one": "1 reaktion",
    "digest.reactions.many": "{count} reaktioner",
    "digest.comments.one": "1 kommentar",
    "digest.comments.many": "{count} kommentarer",
    "digest.read": "Läs inlägget",
    "digest.why.daily": "Du får den här sammanfattningen en gång om dagen.",
    "digest.why.weekly": "Du får den här sammanfattningen en gång i veckan.",
    "digest.unsubscribe": "Avsluta sammanfattningen med ett klick",
}

NL: Final[Mapping[str, str]] = {
    "actors.someone": "Iemand",
    "actors.two": "{first} en {second}",
    "actors.one_other": "{first} en 1 ander",
    "actors.others": "{first} en {count} anderen",
    "group.unnamed": "een groep",
    # A comment is an "opmerking" here, so that a reaction ("gereageerd") is not mistaken for one.
    "kind.comment.one": "{actors} heeft een opmerking geplaatst bij je bericht",
    "kind.comment.many": "{actors} hebben een opmerking geplaatst bij je bericht",
    "kind.answer.one": "{actors} heeft je vraag beantwoord",
    "kind.answer.many": "{actors} hebben je vraag beantwoord",
    "kind.reply.one": "{actors} heeft geantwoord op je opmerking",
    "kind.reply.many": "{actors} hebben geantwoord op je opmerking",
    "kind.mention.one": "{actors} heeft je genoemd",
    "kind.mention.many": "{actors} hebben je genoemd",
    "kind.reaction.one": "{actors} heeft gereageerd op je bericht",
    "kind.reaction.many": "{actors} hebben gereageerd op je bericht",
    "kind.reaction_comment.one": "{actors} heeft gereageerd op je opmerking",
    "kind.reaction_comment.many": "{actors} hebben gereageerd op je opmerking",
    "kind.praise.one": "{actors} heeft je geprezen",
    "kind.praise.many": "{actors} hebben je geprezen",
    "kind.answer_accepted.one": "{actors} heeft je antwoord geaccepteerd",
    "kind.answer_accepted.many": "{actors} hebben je antwoord geaccepteerd",
    "kind.announcement.one": "{actors} heeft een aankondiging geplaatst in {group}",
    "kind.announcement.many": "{actors} hebben een aankondiging geplaatst in {group}",
    "kind.announcement_everyone.one": "{actors} heeft een aankondiging voor iedereen geplaatst",
    "kind.announcement_everyone.many": "{actors} hebben een aankondiging voor iedereen geplaatst",
    "kind.posted.one": "{actors} heeft een bericht geplaatst",
    "kind.posted.many": "{actors} hebben een bericht geplaatst",
    "kind.posted_in.one": "{actors} heeft een bericht geplaatst in {group}",
    "kind.posted_in.many": "{actors} hebben een bericht geplaatst in {group}",
    "kind.join_request.one": "{actors} heeft gevraagd om lid te worden van {group}",
    "kind.join_request.many": "{actors} hebben gevraagd om lid te worden van {group}",
    "kind.invited.one": "{actors} heeft je uitgenodigd om lid te worden van {group}",
    "kind.invited.many": "{actors} hebben je uitgenodigd om lid te worden van {group}",
    "kind.new_follower.one": "{actors} volgt je nu",
    "kind.new_follower.many": "{actors} volgen je nu",
    "kind.join_approved": "Je bent nu lid van {group}",
    "kind.badge": "Je hebt de badge {detail} verdiend",
    "kind.badge.unnamed": "Je hebt een badge verdiend",
    "kind.level": "Je hebt {detail} bereikt",
    "kind.level.unnamed": "Je hebt een nieuw niveau bereikt",
    "reason.your_post": "omdat het je bericht is",
    "reason.your_comment": "omdat het je opmerking is",
    "reason.mentioned": "omdat je bent genoemd",
    "reason.praised": "omdat je bent geprezen",
    "reason.follow_person": "omdat je {subject} volgt",
    "reason.follow_tag": "omdat je #{subject} volgt",
    "reason.member": "omdat je lid bent van {subject}",
    "reason.everyone": "omdat het voor iedereen is",
    "reason.group_admin": "omdat je beheerder bent van {subject}",
    "reason.your_request": "omdat je hebt gevraagd om lid te worden",
    "reason.invitation": "omdat je bent uitgenodigd",
    "reason.you": "omdat het over jou gaat",
    "category.replies": "Antwoorden aan jou",
    "category.mentions": "Vermeldingen",
    "category.reactions": "Reacties",
    "category.recognition": "Waardering",
    "category.announcements": "Aankondigingen",
    "category.group_posts": "Berichten in je groepen",
    "category.follows": "Mensen en tags die je volgt",
    "category.groups": "Groepsverzoeken en uitnodigingen",
    "email.open": "Openen in {product}",
    "email.reason": "Je krijgt deze e-mail {reason}.",
    "email.why": "Je krijgt deze e-mails voor ‘{category}’.",
    "email.unsubscribe": "Meld je met één klik af",
    "email.settings": "Meldingsinstellingen",
    "digest.subject": "{title}: {posts}",
    "digest.title.daily": "Je dagelijkse overzicht",
    "digest.title.weekly": "Je wekelijkse overzicht",
    "digest.posts.one": "1 populair bericht in je groepen",
    "digest.posts.many": "{count} populaire berichten in je groepen",
    "digest.greeting": "Hoi {name},",
    "digest.greeting.unnamed": "Hoi,",
    "digest.intro.daily": "Deze berichten in je groepen kregen de afgelopen dag de meeste aandacht:",
    "digest.intro.weekly": "Deze berichten in je groepen kregen de afgelopen week de meeste aandacht:",
    "digest.by": "{author} in {group}",
    "digest.reactions.one": "1 reactie",
    "digest.reactions.many": "{count} reacties",
    "digest.comments.one": "1 opmerking",
    "digest.comments.many": "{count} opmerkingen",
    "digest.read": "Lees het bericht",
    "digest.why.daily": "Je krijgt dit overzicht één keer per dag.",
    "digest.why.weekly": "Je krijgt dit overzicht één keer per week.",
    "digest.unsubscribe": "Meld je met één klik af voor dit overzicht",
}

TABLES: Final[Mapping[str, Mapping[str, str]]] = {"en": EN, "da": DA, "nb": NB, "sv": SV, "nl": NL}

_ALIASES: Final[Mapping[str, str]] = {
    "en": "en",
    "da": "da",
    "nb": "nb",
    "nn": "nb",
    "no": "nb",
    "sv": "sv",
    "nl": "nl",
}

# The table key of each kind that has actors (`.one`/`.many` is added); the others are handled by name.
_ACTOR_KINDS: Final[Mapping[Kind, str]] = {
    Kind.COMMENT: "kind.comment",
    Kind.ANSWER: "kind.answer",
    Kind.REPLY: "kind.reply",
    Kind.MENTION: "kind.mention",
    Kind.REACTION: "kind.reaction",
    Kind.PRAISE: "kind.praise",
    Kind.ANSWER_ACCEPTED: "kind.answer_accepted",
    Kind.ANNOUNCEMENT: "kind.announcement",
    Kind.GROUP_POST: "kind.posted_in",
    Kind.FOLLOWED_POST: "kind.posted_in",
    Kind.JOIN_REQUEST: "kind.join_request",
    Kind.INVITED: "kind.invited",
    Kind.NEW_FOLLOWER: "kind.new_follower",
}

# A mention as the feed stores it, `@[Display Name](user id)`, reads "@Display Name" in a snippet.
_MENTION = re.compile(r"@\[([^\]\n]{1,200})\]\([0-9a-fA-F-]{36}\)")
_TRAILING = " ,;:.-–—"


def locale_of(tag: str) -> str:
    """One of LOCALES for a person's locale tag ("da-DK", "nn_NO", "sv-FI", …); English when unknown."""
    language = tag.strip().lower().replace("_", "-").split("-", 1)[0]
    return _ALIASES.get(language, "en")


def _table(locale: str) -> Mapping[str, str]:
    return TABLES[locale_of(locale)]


def _actors(table: Mapping[str, str], actor_names: Sequence[str], actor_count: int) -> tuple[str, bool]:
    """The people who did it as words, and whether that is more than one person."""
    names = [name.strip() for name in actor_names if name.strip()]
    count = max(actor_count, len(names))
    if not names:
        return table["actors.someone"], False
    if count <= 1:
        return names[0], False
    if count == 2 and len(names) >= 2:
        return table["actors.two"].format(first=names[0], second=names[1]), True
    if count == 2:
        return table["actors.one_other"].format(first=names[0]), True
    return table["actors.others"].format(first=names[0], count=count - 1), True


def notification_text(
    locale: str,
    kind: Kind,
    actor_names: Sequence[str],
    actor_count: int,
    *,
    group_name: str = "",
    detail: str = "",
) -> str:
    """One sentence saying what happened: "Anna Berg and 4 others reacted to your post".

    `actor_names` are the display names of the first actors (two are enough), `actor_count` how many
    there are in all. `group_name` is the group where there is one; `detail` is the badge or level name
    for BADGE and LEVEL, and "comment" for a REACTION to a comment rather than a post.
    """
    table = _table(locale)
    group = group_name.strip()
    detail = detail.strip()
    if kind is Kind.JOIN_APPROVED:
        return table["kind.join_approved"].format(group=group or table["group.unnamed"])
    if kind is Kind.BADGE:
        return table["kind.badge"].format(detail=detail) if detail else table["kind.badge.unnamed"]
    if kind is Kind.LEVEL:
        return table["kind.level"].format(detail=detail) if detail else table["kind.level.unnamed"]
    key = _ACTOR_KINDS[kind]
    if kind is Kind.REACTION and detail == "comment":
        key = "kind.reaction_comment"
    elif kind is Kind.ANNOUNCEMENT and not group:
        key = "kind.announcement_everyone"
    elif kind in (Kind.GROUP_POST, Kind.FOLLOWED_POST) and not group:
        key = "kind.posted"
    actors, many = _actors(table, actor_names, actor_count)
    template = table[f"{key}.many" if many else f"{key}.one"]
    return template.format(actors=actors, group=group or table["group.unnamed"])


def reason_text(locale: str, reason: Reason, subject: str = "") -> str:
    """Why the reader got it: "because you follow #onboarding". `subject` is the person's display name,
    the group's name or the tag (with or without its '#')."""
    subject = subject.strip()
    if reason is Reason.FOLLOW_TAG:
        subject = subject.lstrip("#")
    return _table(locale)[f"reason.{reason.value}"].format(subject=subject)


def category_label(locale: str, category: Category) -> str:
    """The name of a category as the settings page and the e-mail footer show it."""
    return _table(locale)[f"category.{category.value}"]


@dataclasses.dataclass(frozen=True, slots=True)
class Email:
    subject: str
    text: str
    html: str


@dataclasses.dataclass(frozen=True, slots=True)
class DigestItem:
    author_name: str
    group_name: str
    snippet: str
    link: str
    reactions: int
    comments: int


def _shorten(text: str, limit: int) -> str:
    """The text on one line, cut on a word boundary with an ellipsis when it is longer than `limit`."""
    flat = " ".join(_MENTION.sub(r"@\1", text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # a word boundary not too far back; else cut inside one very long word
        cut = cut[:space]
    return cut.rstrip(_TRAILING) + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ----- the e-mails -----

_LAYOUT = """\
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ subject }}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="max-width:600px;margin:0 auto;padding:24px 12px;font-family:-apple-system,BlinkMacSystemFont,\
'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2937;">
<p style="margin:0 0 12px;font-size:14px;font-weight:bold;color:#4b5563;">{{ product }}</p>
<div style="background-color:#ffffff;border-radius:8px;padding:20px;">
{% block content %}{% endblock %}
</div>
<p style="margin:16px 0 0;font-size:12px;line-height:1.6;color:#6b7280;">
{% block footer %}{% endblock %}
</p>
</div>
</body>
</html>
"""

_BUTTON_STYLE = (
    "display:inline-block;padding:10px 18px;background-color:#2563eb;color:#ffffff;"
    "text-decoration:none;border-radius:6px;font-weight:bold;"
)

_NOTIFICATION = (
    """\
{% extends "layout.html" %}
{% block content %}
<p style="margin:0 0 16px;font-size:18px;font-weight:bold;">{{ text }}</p>
{% if snippet %}
<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #d1d5db;color:#4b5563;">{{ snippet }}\
</blockquote>
{% endif %}
<p style="margin:0 0 16px;"><a href="{{ link }}" style=\""""
    + _BUTTON_STYLE
    + """\">{{ open }}</a></p>
{% if reason %}
<p style="margin:0;font-size:14px;color:#6b7280;">{{ reason }}</p>
{% endif %}
{% endblock %}
{% block footer %}
{{ why }} <a href="{{ unsubscribe_link }}" style="color:#4b5563;">{{ unsubscribe }}</a>
· <a href="{{ settings_link }}" style="color:#4b5563;">{{ settings }}</a>
{% endblock %}
"""
)

_DIGEST = """\
{% extends "layout.html" %}
{% block content %}
<p style="margin:0 0 8px;">{{ greeting }}</p>
<p style="margin:0 0 16px;">{{ intro }}</p>
{% for item in items %}
<div style="margin:0 0 16px;padding:0 0 16px;border-bottom:1px solid #e5e7eb;">
<p style="margin:0 0 4px;font-size:14px;font-weight:bold;">{{ item.by }}</p>
<p style="margin:0 0 4px;">{{ item.snippet }}</p>
<p style="margin:0;font-size:14px;color:#6b7280;">{{ item.counts }} ·
<a href="{{ item.link }}" style="color:#2563eb;">{{ item.read }}</a></p>
</div>
{% endfor %}
{% endblock %}
{% block footer %}
{{ why }} <a href="{{ unsubscribe_link }}" style="color:#4b5563;">{{ unsubscribe }}</a>
· <a href="{{ settings_link }}" style="color:#4b5563;">{{ settings }}</a>
{% endblock %}
"""

_HTML = jinja2.Environment(
    loader=jinja2.DictLoader({"layout.html": _LAYOUT, "notification.html": _NOTIFICATION, "digest.html": _DIGEST}),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _render(name: str, **values: Any) -> str:
    return _HTML.get_template(name).render(**values)


def notification_email(
    locale: str,
    *,
    text: str,
    reason: str,
    snippet: str,
    link: str,
    unsubscribe_link: str,
    settings_link: str,
    category: Category,
    product: str = "Kantine",
) -> Email:
    """The e-mail for one notification. `text` is a notification_text, `reason` a reason_text (either
    may be empty), `snippet` the post or comment it is about (cut to SNIPPET_CHARS on one line)."""
    lang = locale_of(locale)
    table = TABLES[lang]
    subject = _shorten(text, SUBJECT_CHARS)
    body = _one_line(text)
    quote = _shorten(snippet, SNIPPET_CHARS)
    because = table["email.reason"].format(reason=_one_line(reason)) if reason.strip() else ""
    words = {
        "open": table["email.open"].format(product=product),
        "why": table["email.why"].format(category=category_label(lang, category)),
        "unsubscribe": table["email.unsubscribe"],
        "settings": table["email.settings"],
    }
    lines = [body, ""]
    if quote:
        lines += [f"> {quote}", ""]
    lines += [f"{words['open']}: {link}", ""]
    if because:
        lines += [because, ""]
    lines += [
        "-- ",
        words["why"],
        f"{words['unsubscribe']}: {unsubscribe_link}",
        f"{words['settings']}: {settings_link}",
    ]
    html = _render(
        "notification.html",
        lang=lang,
        subject=subject,
        product=product,
        text=body,
        snippet=quote,
        link=link,
        reason=because,
        unsubscribe_link=unsubscribe_link,
        settings_link=settings_link,
        **words,
    )
    return Email(subject=subject, text="\n".join(lines) + "\n", html=html)


def _count(table: Mapping[str, str], key: str, count: int) -> str:
    count = max(count, 0)
    return table[f"{key}.one"] if count == 1 else table[f"{key}.many"].format(count=count)


def digest_email(
    locale: str,
    *,
    display_name: str,
    items: Sequence[DigestItem],
    frequency: Digest,
    unsubscribe_link: str,
    settings_link: str,
    product: str = "Kantine",
) -> Email:
    """The daily or weekly digest of popular posts, the first DIGEST_MAX_ITEMS of `items` in their order.

    Raises ValueError when there is nothing to send (no items) or the frequency is OFF.
    """
    if not items:
        raise ValueError("an empty digest is never sent")
    if frequency is Digest.OFF:
        raise ValueError("no digest is sent to a person who turned it off")
    lang = locale_of(locale)
    table = TABLES[lang]
    often = frequency.value
    shown = list(items[:DIGEST_MAX_ITEMS])
    title = table[f"digest.title.{often}"]
    subject = _shorten(
        table["digest.subject"].format(title=title, posts=_count(table, "digest.posts", len(shown))), SUBJECT_CHARS
    )
    name = _one_line(display_name)
    greeting = table["digest.greeting"].format(name=name) if name else table["digest.greeting.unnamed"]
    intro = table[f"digest.intro.{often}"]
    read = table["digest.read"]
    rendered = []
    for item in shown:
        author = _one_line(item.author_name) or table["actors.someone"]
        group = _one_line(item.group_name)
        counts = (
            f"{_count(table, 'digest.reactions', item.reactions)} · {_count(table, 'digest.comments', item.comments)}"
        )
        rendered.append(
            {
                "by": table["digest.by"].format(author=author, group=group) if group else author,
                "snippet": _shorten(item.snippet, SNIPPET_CHARS),
                "counts": counts,
                "link": item.link,
                "read": read,
            }
        )
    words = {
        "why": table[f"digest.why.{often}"],
        "unsubscribe": table["digest.unsubscribe"],
        "settings": table["email.settings"],
    }
    lines = [greeting, "", intro, ""]
    for number, entry in enumerate(rendered, start=1):
        lines.append(f"{number}. {entry['by']}")
        if entry["snippet"]:
            lines.append(f"   {entry['snippet']}")
        lines += [f"   {entry['counts']}", f"   {read}: {entry['link']}", ""]
    lines += [
        "-- ",
        words["why"],
        f"{words['unsubscribe']}: {unsubscribe_link}",
        f"{words['settings']}: {settings_link}",
    ]
    html = _render(
        "digest.html",
        lang=lang,
        subject=subject,
        product=product,
        greeting=greeting,
        intro=intro,
        items=rendered,
        unsubscribe_link=unsubscribe_link,
        settings_link=settings_link,
        **words,
    )
    return Email(subject=subject, text="\n".join(lines) + "\n", html=html)
