;;; emacs-eglot.el --- Emacs 28 + eglot against the real Architecture Notes server  -*- lexical-binding: t -*-

;; Run: emacs --batch -Q -l test/editors/emacs-eglot.el
;;
;; Prints one PASS or FAIL line per check on stdout and exits 1 if any check failed (2 if
;; the script itself broke, 3 if the whole run outlived its deadline).  Every wait is
;; bounded, so a silent server fails, never hangs.
;;
;; Overrides, to point the test somewhere else or to watch it fail:
;;   NOTES_SERVER      path of the server bundle (default: dist/server.js)
;;   NOTES_DOC         the design doc to open
;;   NOTES_TERM        the phrase to hover (default: "circuit breakers")
;;   NOTES_TERM_NAME   what the hover must name (default: "circuit breaker")
;;   NOTES_DEFINITION  what the hover must define it as (default: "error handling")
;;   NOTES_TIMEOUT_MS  the bound on each wait (default: 15000)

;;; Code:

(require 'package)
;; Debian installs elpa-eglot (and the newer project/xref it needs) here; `-Q' skips the
;; site startup that would normally add it.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'cl-lib)
(require 'subr-x)

(defvar notes-test-script-dir (file-name-directory (or load-file-name buffer-file-name)))
(defvar notes-test-repo (expand-file-name "../.." notes-test-script-dir))

(defun notes-test-setting (name default)
  "The environment variable NAME, or DEFAULT when it is unset or empty."
  (let ((value (getenv name)))
    (if (or (null value) (string-empty-p value)) default value)))

(defun notes-test-default-doc ()
  "The shared design-doc fixture when the project has one, else this folder's own."
  (let ((fixture (expand-file-name "test/fixtures/design-doc.md" notes-test-repo)))
    (if (file-readable-p fixture) fixture
      (expand-file-name "design.md" notes-test-script-dir))))

(defvar notes-test-server (notes-test-setting "NOTES_SERVER" (expand-file-name "dist/server.js" notes-test-repo)))
(defvar notes-test-doc (notes-test-setting "NOTES_DOC" (notes-test-default-doc)))
(defvar notes-test-term (notes-test-setting "NOTES_TERM" "circuit breakers"))
(defvar notes-test-term-name (notes-test-setting "NOTES_TERM_NAME" "circuit breaker"))
(defvar notes-test-definition (notes-test-setting "NOTES_DEFINITION" "error handling"))
(defvar notes-test-timeout (/ (string-to-number (notes-test-setting "NOTES_TIMEOUT_MS" "15000")) 1000.0))
(defvar notes-test-ordinary-words '("team" "Today" "wants" "the")
  "Words a design doc uses that the bundled notes do not define.
The first one present is hovered to check that plain prose gets no hover.")

(defvar notes-test-failures 0)
(defvar notes-test-index-state nil "The state of the last architectureNotes/indexStatus.")

(defun notes-test-say (line)
  (princ (concat line "\n")))

(defun notes-test-check (ok name &optional detail)
  "Print a PASS or FAIL line for the check NAME; return OK."
  (if ok
      (notes-test-say (concat "PASS emacs: " name))
    (cl-incf notes-test-failures)
    ;; One line per check, so the runner can count them.
    (notes-test-say (concat "FAIL emacs: " name
                            (if detail (concat " — " (string-replace "\n" "\\n" detail)) ""))))
  ok)

(defun notes-test-finish (code)
  (kill-emacs code))

;; The server announces its index through a custom notification; eglot hands unknown
;; methods to this generic function, keyed by the method's name as a symbol.
(cl-defmethod eglot-handle-notification
  (_server (_method (eql architectureNotes/indexStatus)) &key state &allow-other-keys)
  (setq notes-test-index-state state))

(defun notes-test-wait-until (predicate)
  "Process server output until PREDICATE holds or the timeout passes; return its value."
  (let ((deadline (+ (float-time) notes-test-timeout))
        value)
    (while (and (not (setq value (funcall predicate)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun notes-test-request (server method params)
  "Send METHOD with PARAMS to SERVER and wait, bounded, for its result.
An error answer or a timeout counts as a failed check and gives nil."
  (condition-case err
      (jsonrpc-request server method params :timeout notes-test-timeout)
    (error (notes-test-check nil (format "%s answers" method) (format "%S" err))
           nil)))

(defun notes-test-hover-text (hover)
  "What eglot would show for HOVER, rendered by eglot's own formatter, or nil."
  (when hover
    (let ((contents (plist-get hover :contents)))
      (unless (seq-empty-p contents)
        (eglot--hover-info contents (plist-get hover :range))))))

(defun notes-test-goto-phrase (phrase &optional whole-word)
  "Move point into the middle of the first PHRASE in the buffer, ignoring case.
Return nil if there is none."
  (goto-char (point-min))
  (let ((case-fold-search t))
    (when (re-search-forward (if whole-word (concat "\\_<" (regexp-quote phrase) "\\_>")
                               (regexp-quote phrase))
                             nil t)
      (goto-char (+ (match-beginning 0) (/ (length phrase) 2)))
      t)))

(defun notes-test-text-at-location (location)
  "The text a LOCATION's range covers in its file, and its one-based line."
  (let* ((range (plist-get location :range))
         (start (plist-get range :start))
         (end (plist-get range :end)))
    (with-temp-buffer
      (insert-file-contents (eglot--uri-to-path (plist-get location :uri)))
      (let ((from (eglot--lsp-position-to-point start))
            (to (eglot--lsp-position-to-point end)))
        (cons (buffer-substring-no-properties from to) (1+ (plist-get start :line)))))))

(defun notes-test-run ()
  (notes-test-check (file-readable-p notes-test-server) "server bundle exists" notes-test-server)
  (notes-test-check (file-readable-p notes-test-doc)
                    (concat "design doc exists: " (if (file-in-directory-p notes-test-doc notes-test-repo)
                                                       (file-relative-name notes-test-doc notes-test-repo)
                                                     notes-test-doc)))
  (when (zerop notes-test-failures)
    (find-file notes-test-doc)
    ;; Emacs 28 has no Markdown mode; text-mode stands in, announced to the server as the
    ;; languageId "markdown" the way a markdown-mode user's eglot would.
    (text-mode)
    (setq eglot-server-programs
          ;; The extra parentheses matter to eglot 1.9: a bare (MODE :language-id ID) is
          ;; read as a list of three modes.
          `((((text-mode :language-id "markdown"))
             . ("node" ,notes-test-server "--stdio"
                :initializationOptions (:includeBundledNotes t :languages ["markdown" "plaintext"])))))
    ;; Wait for the handshake rather than continuing in the background, and bound it.
    (let* ((eglot-sync-connect t)
           (eglot-connect-timeout notes-test-timeout)
           (server (condition-case err (apply #'eglot (eglot--guess-contact))
                     (error (notes-test-check nil "eglot connects" (error-message-string err))
                            nil))))
      (when (and server (notes-test-check (eglot-current-server) "eglot connects and manages the design doc"))
        (notes-test-check (notes-test-wait-until (lambda () (equal notes-test-index-state "ready")))
                          "server reports its index ready"
                          (format "last state: %S" notes-test-index-state))
        ;; A design doc may use the singular; the term's own name will do then.
        (let ((hovered (seq-find #'notes-test-goto-phrase (list notes-test-term notes-test-term-name))))
          (when (notes-test-check hovered (format "design doc mentions %S" (or hovered notes-test-term-name))
                                  (format "nor %S" notes-test-term))
            (let* ((params (eglot--TextDocumentPositionParams))
                   (text (notes-test-hover-text (notes-test-request server :textDocument/hover params))))
              (notes-test-check (and text (not (string-empty-p text)))
                                (format "hover on %S answers" hovered) "empty hover")
              (let ((lower (downcase (or text ""))))
                (notes-test-check (string-search (downcase notes-test-term-name) lower)
                                  (format "hover names %S" notes-test-term-name) (format "%S" text))
                (notes-test-check (string-search (downcase notes-test-definition) lower)
                                  (format "hover gives the definition %S" notes-test-definition) (format "%S" text)))

              (let* ((locations (append (notes-test-request server :textDocument/definition params) nil))
                     (in-notes (seq-filter (lambda (l) (string-suffix-p "/architecture.md" (plist-get l :uri)))
                                           (if (plist-get locations :uri) (list locations) locations)))
                     (landed (mapcar #'notes-test-text-at-location in-notes)))
                (notes-test-check in-notes "definition points into architecture.md" (format "%S" locations))
                (notes-test-check (seq-find (lambda (l) (string= (downcase (car l)) (downcase notes-test-term-name))) landed)
                                  (format "definition range covers %S" notes-test-term-name)
                                  (format "%S" landed))))))
        (let ((word (seq-find (lambda (w) (notes-test-goto-phrase w t)) notes-test-ordinary-words)))
          (when (notes-test-check word "design doc has an ordinary word")
            (notes-test-goto-phrase word t)
            (let ((hover (notes-test-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
              (notes-test-check (null (notes-test-hover-text hover))
                                (format "no hover on the ordinary word %S" word) (format "%S" hover)))))
        (eglot-shutdown server nil 3)))))

;; A last resort: whatever happens, the run ends.  Timers fire while waiting on the server.
(run-at-time (+ 30 (* 4 notes-test-timeout)) nil
             (lambda ()
               (notes-test-say "FAIL emacs: the run outlived its deadline")
               (notes-test-finish 3)))

(condition-case err
    (progn
      (notes-test-run)
      (notes-test-finish (if (zerop notes-test-failures) 0 1)))
  (error
   (notes-test-say (format "FAIL emacs: test script error — %s" (error-message-string err)))
   (notes-test-finish 2)))

;;; emacs-eglot.el ends here
