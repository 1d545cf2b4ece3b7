# The image every service of docker-compose.yml runs: the `atrium` CLI (registry, hub, subgraphs).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY . .
RUN npm ci && npm prune --omit=dev
ENV NODE_ENV=production
ENTRYPOINT ["node", "bin/atrium.js"]
