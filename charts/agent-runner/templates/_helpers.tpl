{{/* Chart name, truncated to the 63 characters Kubernetes allows in names and labels. */}}
{{- define "agent-runner.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "agent-runner.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "agent-runner.selectorLabels" -}}
app.kubernetes.io/name: {{ include "agent-runner.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "agent-runner.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "agent-runner.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: worker
{{- end -}}

{{- define "agent-runner.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "agent-runner.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret the key variables are read from: an existing one, or the one this chart creates. */}}
{{- define "agent-runner.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- include "agent-runner.fullname" . -}}
{{- end -}}
{{- end -}}

{{/* The variables that hold secrets (config.ts SECRET_VARIABLES): never allowed in the ConfigMap. */}}
{{- define "agent-runner.secretVariables" -}}
STIGMER_API_KEY STIGMER_LLM_API_KEY ANTHROPIC_API_KEY OPENAI_API_KEY REDIS_PASSWORD DAYTONA_API_KEY TEMPORAL_API_KEY
{{- end -}}

{{/*
The ConfigMap's data: .Values.config, minus empty values, plus the settings the chart owns (HTTP port and host,
writable paths and the replica count), which win over anything in .Values.config.
*/}}
{{- define "agent-runner.configData" -}}
{{- $owned := dict
  "AGENT_RUNNER_HTTP_HOST" "0.0.0.0"
  "AGENT_RUNNER_HTTP_PORT" (toString .Values.httpPort)
  "SANDBOX_ROOT_DIR" .Values.paths.workspace
  "SKILL_CACHE_DIR" .Values.paths.skillCache
  "AGENT_RUNNER_DATA_DIR" .Values.paths.data
-}}
{{- $replicas := .Values.replicaCount -}}
{{- if .Values.autoscaling.enabled -}}{{- $replicas = max .Values.replicaCount .Values.autoscaling.maxReplicas -}}{{- end -}}
{{- $computed := dict "AGENT_RUNNER_REPLICAS" (toString $replicas) -}}
{{- $data := merge $owned (deepCopy (default dict .Values.config)) $computed -}}
{{- range $key := keys $data | sortAlpha }}
{{- $value := get $data $key }}
{{- if and (ne (toString $value) "") (ne (toString $value) "<nil>") }}
{{ $key }}: {{ toString $value | quote }}
{{- end }}
{{- end }}
{{- end -}}
