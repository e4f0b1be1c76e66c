"""What insights tells the apps above it (alerts), without importing them."""

from django.dispatch import Signal

# Sent after a feedback sync commits new negative feedback; kwargs: alerts (list of FeedbackAlert).
negative_feedback_found = Signal()
