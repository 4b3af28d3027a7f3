package org.snnaudio.core;

/**
 * The one domain exception of snnaudio: every problem a user can cause (bad input, invalid
 * configuration, an unreadable model) is reported with one of these, whose message names the file
 * or setting and what is wrong with it.
 */
public class SnnaudioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnnaudioException(String message) {
        super(message);
    }

    public SnnaudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
