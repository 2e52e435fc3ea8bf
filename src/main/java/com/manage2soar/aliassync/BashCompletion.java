package com.manage2soar.aliassync;

/** The bash completion script the Debian package installs ({@code m2s-sync-aliases generate-completion}). */
final class BashCompletion {
    private BashCompletion() {}

    static final String SCRIPT = """
            # bash completion for m2s-sync-aliases
            _m2s_sync_aliases() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
                if [[ $prev == -c || $prev == --config ]]; then
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return
                fi
                if [[ ${COMP_WORDS[1]} == check ]]; then
                    COMPREPLY=($(compgen -W "-c --config -h --help" -- "$cur"))
                elif (( COMP_CWORD == 1 )); then
                    COMPREPLY=($(compgen -W "check %1$s" -- "$cur"))
                else
                    COMPREPLY=($(compgen -W "%1$s" -- "$cur"))
                fi
            }
            complete -F _m2s_sync_aliases -o filenames m2s-sync-aliases
            """.formatted("-c --config --dry-run --detailed-exitcode --force -v --verbose -q --quiet -h --help -V --version");
}
