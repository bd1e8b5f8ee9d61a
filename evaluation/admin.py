"""The evaluation's reference tables an administrator extends: the dimensions of Art.21, the training
topics and the observation categories. Everything else is kept through the evaluation pages and services."""

from django.contrib import admin

from yuhang_cac.core.admin import ReferenceAdmin

from .models import Dimension, ObservationCategory, TrainingTopic

admin.site.register(Dimension, ReferenceAdmin)
admin.site.register(TrainingTopic, ReferenceAdmin)
admin.site.register(ObservationCategory, ReferenceAdmin)
