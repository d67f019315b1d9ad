/** Path of moto_server, installing moto[server] into .venv when the machine has none. */
export function findMotoServer(opts?: { install?: boolean }): string;
/** PATH with the project virtualenv first when moto_server comes from it. */
export function pathWithMoto(motoServer: string, path?: string): string;
