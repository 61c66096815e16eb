{{/* The objects' name: the release's, with the chart's unless it holds it. */}}
{{- define "maitre.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* What selects the pods; it never changes in an upgrade. */}}
{{- define "maitre.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "maitre.labels" -}}
{{ include "maitre.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The Secret that holds the Redis URL and keys, or "" for none. */}}
{{- define "maitre.redisSecret" -}}
{{- if and .Values.redis.existingSecret .Values.redis.url -}}
{{- fail "redis: set existingSecret or url, not both" -}}
{{- end -}}
{{- if .Values.redis.existingSecret -}}
{{- .Values.redis.existingSecret -}}
{{- else if .Values.redis.url -}}
{{- printf "%s-redis" (include "maitre.fullname" .) -}}
{{- else if or .Values.redis.key .Values.redis.previousKey -}}
{{- fail "redis: a key without a url (redis.url or redis.existingSecret)" -}}
{{- end -}}
{{- end -}}

{{/* maitre.yaml: config with the addresses the ports say. */}}
{{- define "maitre.config" -}}
{{- if hasKey .Values.config "listen" -}}
{{- fail "config.listen: set ports.http instead (the container's port, the probes and the Service follow it)" -}}
{{- end -}}
{{- if hasKey (.Values.config.telemetry | default dict) "metrics_listen" -}}
{{- fail "config.telemetry.metrics_listen: set ports.metrics instead" -}}
{{- end -}}
{{- $ports := dict "listen" (printf ":%d" (int .Values.ports.http)) "telemetry" (dict "metrics_listen" (printf ":%d" (int .Values.ports.metrics))) -}}
{{- toYaml (mergeOverwrite (deepCopy .Values.config) $ports) -}}
{{- end -}}
