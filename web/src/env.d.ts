/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin (and optional path) of the API, e.g. `https://api.example.com`; empty = same origin. */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
