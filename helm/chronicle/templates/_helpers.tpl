{{- define "chronicle.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "chronicle.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The pods of one unit (see chronicle.units): call with (dict "root" $ "unit" $unit). */}}
{{- define "chronicle.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .unit.component }}
{{- end -}}

{{/*
What runs: one unit per StatefulSet, as a JSON list. embedded: one unit running every service on
the embedded log. distributed: a unit per service, on Kafka.
*/}}
{{- define "chronicle.units" -}}
{{- $fullname := include "chronicle.fullname" . -}}
{{- $units := list -}}
{{- if eq .Values.mode "distributed" -}}
{{- range $service := list "contacts" "deals" "activities" "notifications" "analytics" -}}
{{- $settings := index $.Values.distributed $service -}}
{{- $units = append $units (dict "name" (printf "%s-%s" $fullname $service) "component" $service "services" $service "replicas" ($settings.replicas | int) "resources" (default $.Values.resources $settings.resources)) -}}
{{- end -}}
{{- else -}}
{{- $units = append $units (dict "name" $fullname "component" "chronicled" "services" .Values.config.services "replicas" 1 "resources" .Values.resources) -}}
{{- end -}}
{{- toJson $units -}}
{{- end -}}

{{/* The unit serving gRPC service `service` ("chronicle.v1.Deals"): (dict "root" $ "service" ...). */}}
{{- define "chronicle.unitServing" -}}
{{- $fullname := include "chronicle.fullname" .root -}}
{{- if eq .root.Values.mode "distributed" -}}
{{- $owner := dict "chronicle.v1.Contacts" "contacts" "chronicle.v1.Deals" "deals" "chronicle.v1.Activities" "activities" "chronicle.v1.Notifications" "notifications" "chronicle.v1.Analytics" "analytics" -}}
{{- printf "%s-%s" $fullname (default "contacts" (get $owner .service)) -}}
{{- else -}}
{{- $fullname -}}
{{- end -}}
{{- end -}}

{{- define "chronicle.configSecret" -}}
{{- default (printf "%s-config" (include "chronicle.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}

{{/* The gRPC services a pod of this release serves, for the Ingress. */}}
{{- define "chronicle.grpcServices" -}}
{{- list "chronicle.v1.Contacts" "chronicle.v1.Deals" "chronicle.v1.Activities" "chronicle.v1.Notifications" "chronicle.v1.Analytics" "chronicle.v1.EventLog" "chronicle.v1.Projections" | toJson -}}
{{- end -}}

{{- define "chronicle.checkMode" -}}
{{- if eq .Values.mode "distributed" -}}
{{- if not .Values.kafka.bootstrapServers -}}
{{- fail "mode: distributed needs kafka.bootstrapServers (HOST:PORT,HOST:PORT)" -}}
{{- end -}}
{{- if gt (int .Values.distributed.notifications.replicas) 1 -}}
{{- fail "distributed.notifications.replicas: at most 1 (each replica's scheduler would deliver every message)" -}}
{{- end -}}
{{- else if ne .Values.mode "embedded" -}}
{{- fail (printf "mode: %q is not one of embedded, distributed" .Values.mode) -}}
{{- end -}}
{{- end -}}

{{/* The token service processes call each other with: given, or kept from the Secret. */}}
{{- define "chronicle.peerToken" -}}
{{- if .Values.auth.peerToken -}}
{{- .Values.auth.peerToken -}}
{{- else -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "chronicle.configSecret" .) -}}
{{- $kept := "" -}}
{{- if $secret -}}
{{- $config := index $secret.data "chronicle.yaml" | b64dec | fromYaml -}}
{{- $kept = get $config "peer-token" -}}
{{- end -}}
{{- default (randAlphaNum 40) $kept -}}
{{- end -}}
{{- end -}}
