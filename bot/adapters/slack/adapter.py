"""SlackAdapter: a slack-bolt AsyncApp wired to the StudyService, over Socket Mode or HTTP.

    adapter = SlackAdapter(service, config.slack, secrets)  # tokens from bot.config.Secrets
    await adapter.start()        # registers the "slack" Publisher, connects / starts listening
    await adapter.wait_closed()  # until close() is called
    await adapter.close()

Explicit keyword arguments (bot_token, signing_secret, app_token) override `secrets`;
`client_base_url` points the Web API client elsewhere (the tests' fake Slack).

With an app token (xapp-...) it connects over Socket Mode (no public URL); otherwise it serves
the HTTP Events API on config.host:config.port at config.path, verifying Slack's signatures.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import suggestions
from bot.adapters.slack.commands import CommandHandler
from bot.adapters.slack.events import Events
from bot.adapters.slack.guard import RequestGuard
from bot.adapters.slack.http import HttpEndpoint, serve_http
from bot.adapters.slack.interactions import Interactions
from bot.adapters.slack.listeners import acks_early
from bot.adapters.slack.membership import Membership
from bot.adapters.slack.modals import ANSWER_CALLBACK, RUN_CALLBACK, SUGGEST_CALLBACK
from bot.adapters.slack.pool import MODAL_CONNECTIONS, make_session, with_pooled_respond
from bot.adapters.slack.publisher import SlackPublisher
from bot.adapters.slack.runtime import Runtime
from bot.adapters.slack.users import UserDirectory
from bot.config import ConfigError, Secrets, SlackConfig
from bot.core.service import StudyService

log = logging.getLogger(__name__)
COMMAND = "/study"


def make_client(token: str, base_url: str | None = None) -> AsyncWebClient:
    """A Web API client that retries on 429 (honouring Retry-After) and on connection errors."""
    kwargs: dict[str, Any] = {"base_url": base_url} if base_url else {}
    return AsyncWebClient(
        token=token,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        ],
        **kwargs,
    )


class SlackAdapter:
    def __init__(
        self,
        service: StudyService,
        settings: SlackConfig,
        secrets: Secrets | None = None,
        *,
        bot_token: str | None = None,
        signing_secret: str | None = None,
        app_token: str | None = None,
        client_base_url: str | None = None,
    ) -> None:
        if secrets is not None:
            bot_token = bot_token or secrets.slack_bot_token
            signing_secret = signing_secret or secrets.slack_signing_secret or None
            app_token = app_token or secrets.slack_app_token or None
        if not bot_token:
            raise ConfigError("SLACK_BOT_TOKEN is required for the Slack adapter")
        if not app_token and not signing_secret:
            raise ConfigError(
                "set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP Events API)"
            )
        self.service = service
        self.settings = settings
        self.app_token = app_token
        self.client = make_client(bot_token, client_base_url)
        self.app = AsyncApp(
            client=self.client,
            signing_secret=signing_secret or "",
            # Socket Mode requests are not signed; HTTP ones are verified by bolt's middleware.
            request_verification_enabled=not app_token,
            ssl_check_enabled=False,
            # listeners answer Slack as soon as they ack, without bolt's 10 ms polling
            # (bot.adapters.slack.listeners.acks_early: each listener is wrapped with it)
            process_before_response=True,
        )
        admins = frozenset(settings.admin_user_ids)
        # users.info for display names, in the background: 429s are the refresher's to honour
        # (it pauses for Retry-After), so this client only retries connection errors
        self.names_client = AsyncWebClient(
            token=bot_token,
            base_url=self.client.base_url,
            retry_handlers=[AsyncConnectionErrorRetryHandler(max_retry_count=2)],
        )
        self.runtime = Runtime(
            service,
            self.client,
            UserDirectory(self.client, service, admins, refresh_client=self.names_client),
            Membership(self.client),
            modal_client=make_client(bot_token, client_base_url),
        )
        self.publisher = SlackPublisher(self.client, service)
        self._register()
        self._http: HttpEndpoint | None = None
        # HTTP mode: adds routes to the events server (the wiring's /healthz and /metrics).
        self.extend_http: Any = None
        self._socket: Any = None
        self._closed = asyncio.Event()

    def _register(self) -> None:
        app, rt = self.app, self.runtime
        guard = RequestGuard(rt)

        async def front(req: Any, body: dict[str, Any], context: Any, next: Any) -> Any:
            """One middleware (bolt's argument injection costs per middleware): a pooled
            `respond` (no DB work), then workspace, once, rate limits, before any listener."""
            with_pooled_respond(context, self.client.session)
            return await guard.process(req, body, context, next)

        app.use(front)
        # bolt tries listeners in this order, building its argument dict for each matcher: the
        # ones a burst of answers hits (and channel messages, the commonest event) come first
        interactions, events = Interactions(rt), Events(rt)
        app.view(ANSWER_CALLBACK)(acks_early(interactions.answer_submitted))
        app.action("study_answer")(acks_early(interactions.answer_button))
        app.command(COMMAND)(acks_early(CommandHandler(rt).handle))
        app.event("message")(acks_early(events.message))
        app.action("study_leaderboard")(acks_early(interactions.leaderboard_button))
        app.view(RUN_CALLBACK)(acks_early(interactions.run_submitted))

        async def suggestion_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any]):
            await suggestions.submitted(rt, ack, body, view)  # bot.adapters.slack.suggestions

        app.view(SUGGEST_CALLBACK)(acks_early(suggestion_submitted))
        app.event("reaction_added")(acks_early(events.reaction_added))
        app.event("reaction_removed")(acks_early(events.reaction_removed))
        app.event("app_home_opened")(acks_early(events.app_home_opened))

        async def ignore(ack: Any) -> None:  # e.g. buttons on posts from an older version
            await ack()

        app.action(re.compile(r".*"))(acks_early(ignore))

    @property
    def http_url(self) -> str | None:
        """The HTTP endpoint's URL once started in HTTP mode (with the bound port)."""
        return self._http.url if self._http else None

    async def start(self) -> None:
        """Check the tokens (a bad one is a ConfigError naming it), then listen for Slack."""
        if self.client.session is None or self.client.session.closed:
            self.client.session = make_session()  # shared with every respond()
        modals = self.runtime.modal_client
        if modals is not None and (modals.session is None or modals.session.closed):
            modals.session = make_session(MODAL_CONNECTIONS)  # the modal lane
        self.names_client.session = self.client.session
        try:
            auth = await self.client.auth_test()
        except SlackApiError as error:
            raise ConfigError(
                f"Slack rejected SLACK_BOT_TOKEN ({error.response.get('error')}); use the app's "
                "Bot User OAuth Token (xoxb-...) from Install App"
            ) from None
        log.info("Slack: signed in as %s in %s", auth.get("user"), auth.get("team"))
        self.runtime.team_id = auth.get("team_id")  # requests for any other team are dropped
        if self.app_token:
            try:  # fail fast: the Socket Mode client itself would retry a bad token forever
                await self.client.apps_connections_open(app_token=self.app_token)
            except SlackApiError as error:
                raise ConfigError(
                    f"Slack rejected SLACK_APP_TOKEN ({error.response.get('error')}); use an "
                    "app-level token (xapp-...) with the connections:write scope"
                ) from None
        self.service.register_publisher(self.publisher)
        self.runtime.load.start()
        self.runtime.users.refresher.start()  # members' display names, in the background
        if self.app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.app, self.app_token)
            await self._socket.connect_async()
            log.info("Slack adapter connected over Socket Mode")
        else:
            s = self.settings
            self._http = await serve_http(self.app, s.host, s.port, s.path, self.extend_http)
            log.info("Slack adapter listening on %s", self._http.url)

    async def wait_closed(self) -> None:
        await self._closed.wait()

    async def close(self) -> None:
        self._closed.set()
        await self.runtime.load.close()
        await self.runtime.users.refresher.close()
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._http is not None:
            await self._http.close()
            self._http = None
        if self.client.session is not None and not self.client.session.closed:
            await self.client.session.close()
        modals = self.runtime.modal_client
        if modals is not None and modals.session is not None and not modals.session.closed:
            await modals.session.close()
