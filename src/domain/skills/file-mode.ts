/** Extensions the original runner made executable after extraction (`chmod 0755`). */
export const EXECUTABLE_EXTENSIONS: readonly string[] = ['.sh', '.py', '.js', '.ts', '.rb', '.pl'];

export const EXECUTABLE_FILE_MODE = 0o755;
export const REGULAR_FILE_MODE = 0o644;
export const DIRECTORY_MODE = 0o755;

/** POSIX mode for an extracted skill file: scripts are executable, everything else is not. */
export function fileModeFor(path: string): number {
  return EXECUTABLE_EXTENSIONS.some((ext) => path.endsWith(ext)) ? EXECUTABLE_FILE_MODE : REGULAR_FILE_MODE;
}
