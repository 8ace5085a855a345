"""Discord's slash commands: /ask and /sources, the apology when one fails, and Discord's copy.

On every start the commands registered with Discord are fetched, and registered again only
when they differ from these (``--sync``: in any case). They are the bot's, not a shard's:
a process that does not run shard 0 leaves them to the one that does.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord_delivery import one_line
from adapters.discord_render import NO_MENTIONS, SORRY, ReplyPart, sources_parts
from bot.answerer import MAX_QUESTION_CHARS

if TYPE_CHECKING:
    from adapters.discord_bot import BanbotClient

logger = logging.getLogger(__name__)


class CommandTree(app_commands.CommandTree["BanbotClient"]):
    """The client's commands; one that fails is logged in one line and answered with an apology."""

    async def on_error(
        self, interaction: discord.Interaction[BanbotClient], error: app_commands.AppCommandError, /
    ) -> None:
        name = interaction.command.name if interaction.command else "?"
        cause = error.__cause__ or error
        logger.error("Slash command /%s failed: %s", name, one_line(cause, self.client.http.token))
        logger.debug("Slash command /%s traceback", name, exc_info=cause)
        with contextlib.suppress(discord.HTTPException):
            if interaction.response.is_done():
                await interaction.followup.send(SORRY, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(SORRY, ephemeral=True, allowed_mentions=NO_MENTIONS)


def add_commands(client: BanbotClient) -> None:
    """Register /ask and /sources on the client's tree."""
    tree = client.tree

    @tree.command(
        name="ask", description="Ask about the 2024 US ban of Kaspersky software; I answer with quotes"
    )
    @app_commands.describe(question="Your question, for example: When do updates stop?")
    async def ask(
        interaction: discord.Interaction[BanbotClient],
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
    ) -> None:
        verdict = client.gate.check("discord", interaction.user.id)
        if not verdict.allowed:
            # An interaction must be answered: past the limit, a notice only the asker sees.
            await interaction.response.send_message(
                verdict.notice(), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        # Discord allows 3 s for the first response; deferring first leaves the answerer all it needs.
        await interaction.response.defer(thinking=True)

        async def reply(parts: list[ReplyPart], view: discord.ui.View | None) -> None:
            for index, part in enumerate(parts):
                kwargs = part.send_kwargs()
                if view is not None and index == len(parts) - 1:
                    kwargs["view"] = view
                await interaction.followup.send(allowed_mentions=NO_MENTIONS, **kwargs)

        await client.answer(question, "/ask", reply, embeds=True, private=interaction.guild_id is None)

    @tree.command(name="sources", description="List the articles I quote from")
    async def sources(interaction: discord.Interaction[BanbotClient]) -> None:
        parts = sources_parts(client.answerer.sources, embeds=True)
        await interaction.response.send_message(allowed_mentions=NO_MENTIONS, **parts[0].send_kwargs())
        for part in parts[1:]:
            await interaction.followup.send(allowed_mentions=NO_MENTIONS, **part.send_kwargs())


async def sync_commands(client: BanbotClient) -> None:
    """Register the commands with Discord when its copy differs from these, or always with --sync."""
    shard_ids = client.settings.shard_ids
    if shard_ids is not None and 0 not in shard_ids and not client.settings.sync_commands:
        # The commands are the bot's, not a shard's: the process running shard 0 keeps them current.
        return
    try:
        if not client.settings.sync_commands:
            registered = await client.tree.fetch_commands()
            if _command_signature(c.to_dict() for c in registered) == _command_signature(
                c.to_dict(client.tree) for c in client.tree.get_commands()
            ):
                logger.debug("The slash commands registered with Discord are up to date")
                return
            logger.info("The slash commands registered with Discord differ from these; syncing them")
        synced = await client.tree.sync()
        logger.info("Synced %d slash commands with Discord", len(synced))
    except discord.HTTPException as error:
        # The bot still answers mentions and DMs; a later start can sync again.
        logger.warning("Could not check or sync the slash commands: %s", one_line(error, client.http.token))


def _command_signature(commands: Iterable[Mapping[str, Any]]) -> set[tuple[Any, ...]]:
    """Reduce commands to what decides whether Discord's copy is out of date."""

    def options(items: Iterable[Mapping[str, Any]]) -> tuple[tuple[Any, ...], ...]:
        return tuple(
            (
                item.get("name"),
                item.get("type"),
                item.get("description"),
                bool(item.get("required", False)),
                item.get("min_length"),
                item.get("max_length"),
                options(item.get("options") or ()),
            )
            for item in items
        )

    return {
        (
            command.get("name"),
            command.get("type", 1),
            command.get("description"),
            options(command.get("options") or ()),
        )
        for command in commands
    }
