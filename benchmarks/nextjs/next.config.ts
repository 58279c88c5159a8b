import type { NextConfig } from "next";

// Defaults, except: no telemetry-like header, and `pg` kept out of the server bundle (loaded from node_modules).
const config: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pg"],
};

export default config;
