{{/* Fails the render on settings that would deploy a broken or unsafe runner. */}}
{{- define "agent-runner.validate" -}}
{{- $config := default dict .Values.config -}}
{{- range $name := splitList " " (include "agent-runner.secretVariables" .) -}}
{{- if hasKey $config $name -}}
{{- fail (printf "config.%s is a secret: put it in the Secret (secrets.existingSecret / secrets.values), not in the ConfigMap" $name) -}}
{{- end -}}
{{- end -}}
{{- $grace := int (default "30" (get $config "TEMPORAL_SHUTDOWN_GRACE_SECONDS")) -}}
{{- if le (int .Values.terminationGracePeriodSeconds) $grace -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be larger than TEMPORAL_SHUTDOWN_GRACE_SECONDS (%d), or Kubernetes kills the worker while it drains" (int .Values.terminationGracePeriodSeconds) $grace) -}}
{{- end -}}
{{- if and .Values.secrets.create .Values.secrets.existingSecret -}}
{{- fail "set either secrets.create or secrets.existingSecret, not both" -}}
{{- end -}}
{{- if and .Values.podDisruptionBudget.enabled .Values.podDisruptionBudget.minAvailable .Values.podDisruptionBudget.maxUnavailable -}}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable, not both" -}}
{{- end -}}
{{- end -}}
