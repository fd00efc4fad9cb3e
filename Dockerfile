# One image for docker-compose: the web app (the default) and the medins command line (/app/cli, the migrate service).
# Base images are pinned to a patch version, with the SDK these sources are built and tested with.
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/MedicalInsurance.Web -c Release -o /app/web \
 && dotnet publish src/MedicalInsurance.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12
# CJK fonts for the printed notice; curl for the healthcheck (the aspnet image has neither curl nor wget).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
# Data-protection keys (sign-in cookies, antiforgery) are kept in PostgreSQL, not in the container: no volume needed.
# The non-root user the .NET images provide (uid 1654).
USER app
WORKDIR /app/web
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
# The schema is applied by the migrate service as the owner, never by the app: it connects as medins_app.
ENTRYPOINT ["dotnet", "/app/web/MedicalInsurance.Web.dll"]
