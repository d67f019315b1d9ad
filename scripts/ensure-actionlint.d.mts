export declare const ACTIONLINT_VERSION: string;
export declare const ACTIONLINT_PATH: string;
export declare function ensureActionlint(): Promise<
  { path: string; skip?: undefined } | { skip: string; path?: undefined }
>;
