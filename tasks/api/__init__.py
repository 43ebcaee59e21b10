"""API of task cards and action items, registered on the one router (collab.api.router).

Each module parses input, finds its object through a selector (404 for those who may not
see it) and calls one service; `permissions` decides who may act (403/409), the services
check input (400). Modules follow the services: cards, acceptance, items, tracking
(milestones, risks, progress updates), documents; `serializers` holds the output shapes.
"""
