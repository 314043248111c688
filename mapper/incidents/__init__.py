"""Extract incidents: segmentation, dates, kinds, casualties, claims, roles."""

from mapper.incidents.extract import Incident, IncidentPlace, extract_incidents

__all__ = [
    "Incident",
    "IncidentPlace",
    "extract_incidents",
]
