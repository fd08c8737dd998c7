"""/agents and /teams: who works tickets, and in which teams (read)."""

from django.http import HttpRequest
from ninja import Query, Router

from realdesk.api.selectors import agent_list, team_list
from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.pagination import Page, PageParams, keyset_page
from realdesk.api.v1.schemas.common import Id
from realdesk.api.v1.schemas.people import AgentFilters, AgentOut, TeamOut

router = Router()


@router.get("/agents", response=with_errors({200: Page[AgentOut]}), tags=["agents"])
def list_agents(request: HttpRequest, filters: Query[AgentFilters]):
    return keyset_page(agent_list(team=filters.team), params=filters)


@router.get("/agents/me", response=with_errors({200: AgentOut}), tags=["agents"])
def get_me(request: HttpRequest):
    """The agent the token or session belongs to."""
    return agent_list().get(pk=request.auth.pk)


@router.get("/agents/{agent_id}", response=with_errors({200: AgentOut}), tags=["agents"])
def get_agent(request: HttpRequest, agent_id: Id):
    return agent_list().get(pk=agent_id)


@router.get("/teams", response=with_errors({200: Page[TeamOut]}), tags=["teams"])
def list_teams(request: HttpRequest, params: Query[PageParams]):
    return keyset_page(team_list(), params=params)


@router.get("/teams/{team_id}", response=with_errors({200: TeamOut}), tags=["teams"])
def get_team(request: HttpRequest, team_id: Id):
    return team_list().get(pk=team_id)
