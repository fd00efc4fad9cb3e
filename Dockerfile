# Image for docker-compose: the web app and the medins command line, built from source.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/MedicalInsurance.Web -c Release -o /app/web \
 && dotnet publish src/MedicalInsurance.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
WORKDIR /app/web
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
# Applies the schema, then serves.
ENTRYPOINT ["sh", "-c", "dotnet /app/cli/medins.dll migrate && exec dotnet /app/web/MedicalInsurance.Web.dll"]
