/** Path of moto_server, installing moto[server] into .venv when the machine has none. */
export function findMotoServer(opts?: { install?: boolean }): string;
